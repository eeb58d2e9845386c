"""The JSON examples of seed 004 (IMIconnect's "Sending and Receiving SMS"), copied verbatim:
the parser fixtures. The MO example is a template (``$(msisdn)`` where a number goes): it is
kept as printed, and parses with its placeholders as text."""

SEED_SIMPLE_SMS_REQUEST = {
    "deliverychannel": "sms",
    "channels": {
        "sms": {
            "text": "Sending first SMS using IMIconnect",
            "senderid": "<purchased sender ID>",
        }
    },
    "destination": [{"msisdn": ["<phone number with country code>"]}],
}

SEED_OPTIONAL_PARAMETERS_REQUEST = {
    "correlationid": "sgh3tvk",
    "notifyurl": "https://mywebsite.com/record/transactions",
    "notifydata": "kopwest4kfr",
    "expiry": "2015-04-12T18:51:19",
    "priority": "2",
    "deliverychannel": "sms",
    "channels": {
        "smartlinks": [{"linkid": 5, "validity": 30}],
        "sms": {
            "text": "Sending first SMS with smart link using IMIconnect. Click the link to get "
            "surprise gift {{link_5}}",
            "senderid": "DEMOBK",
        },
    },
    "destination": [
        {"msisdn": ["<phone number with country code>"], "correlationid": "sgh3tvkpert"}
    ],
}

SEED_SEND_RESPONSE = {
    "response": [
        {
            "code": "1001",
            "description": "Queued",
            "transid": "f9793c83-f0b7-4200-99d9-20111c507baf",
            "correlationid": "cid",
        }
    ]
}

SEED_DR = {
    "deliveryInfoNotification": {
        "deliveryInfo": {
            "deliveryChannel": "SMS",
            "Description": "Delivered",
            "destinationType": "msisdn",
            "timeStamp": "2016-07-20T17:13:17.908",
            "code": "7500",
            "deliveryStatus": "Delivered",
            "destination": "911111111111",
        },
        "correlationid": "4eef-92ca-79fd0250c4a3-262895e4-2217",
        "callbackData": "return callbackdata",
        "transid": "262895e4-2217-4eef-92ca-79fd0250c4a3",
    }
}

SEED_MO = {
    "userId": "$(customerId)",
    "channel": "SMS",
    "da": "$(service_code)",
    "oa": "$(msisdn)",
    "message": "$(actual_message)",
    "tid": "$(tid)",
    "datetime": "$(datetime)",
    "ts": "$(ts)",
}

# The DR as it arrives on the wire (the seed's text, whitespace and all).
SEED_DR_TEXT = """{
"deliveryInfoNotification": {
"deliveryInfo": {
"deliveryChannel": "SMS",
"Description": "Delivered",
"destinationType": "msisdn",
"timeStamp": "2016-07-20T17:13:17.908",
"code": "7500",
"deliveryStatus": "Delivered",
"destination": "911111111111"
},
"correlationid": "4eef-92ca-79fd0250c4a3-262895e4-2217",
"callbackData": "return callbackdata",
"transid": "262895e4-2217-4eef-92ca-79fd0250c4a3"
}
}"""
