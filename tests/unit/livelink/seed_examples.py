"""Every JSON example of seed 000 (the product page) and of the published definition
(``livelink365-swagger.yaml``), copied verbatim: the parser fixtures.

The seed's status example carries type names where values belong (``"pageCount":
"integer"``): it is kept as printed, and the tests check that it fails cleanly.
"""

# --- seed 000 ---------------------------------------------------------------------------------

SEED_SEND_REQUEST = {
    "ackCountryCode": False,
    "ackDeliveredTime": False,
    "ackFinalOnly": False,
    "ackFinalStatus": False,
    "ackInternalStatus": False,
    "ackMTReceivedTime": False,
    "ackOperatorId": False,
    "ackTimeInGMT": True,
    "ackTpoa": False,
    "ackType": "ORDER",
    "acknowledgement": False,
    "callback": "https://server.to-receive-acks.com/endpoint-to-receive-them",
    "clientId": 12345,
    "contentTextEncoding": "UTF8",
    "destination": ["1122334455", "1122334455"],
    "message": "Hello World!!",
    "messageClass": "1",
    "mobileNotification": "YES",
    "operatorId": 61,
    "origin": "12345",
    "pId": "2A",
    "randomId": 0,
    "sessionId": "<facebook>test</facebook>",
    "subject": "ABC",
    "validityPeriod": "1w",
}

SEED_SEND_RESPONSE = {
    "livelinkOrderIds": [
        {"destination": ["123...789"], "livelinkOrderId": ["123456789", "123456777"]},
        {"destination": ["456...789"], "livelinkOrderId": ["1453217689", "153256777"]},
    ]
}

SEED_MO_RESPONSE = {
    "pageCount": "2",
    "pageIndex": "1",
    "sapnotification": [
        {
            "contextText": "Some Message",
            "orderId": "1234567",
            "parameters": {
                "clientId": "12345",
                "keyword": "",
                "receivedTime": "2018-08-16T16:15:03.277Z",
            },
            "recipient": "string",
            "sender": "string",
        }
    ],
}

SEED_STATUS_RESPONSE = {
    "clientId": "string",
    "pageCount": "integer",
    "pageIndex": "integer",
    "sapnotification": [
        {
            "finalStatusIndicator": "string",
            "internalStatusId": "string",
            "messageBody": "string",
            "operatorId": "integer",
            "orderId": "string",
            "recipient": "string",
            "status": "string",
            "timestamp": "2018-08-16T21:15:02.015Z",
        }
    ],
}

# --- livelink365-swagger.yaml (each definition's ``example`` values) ---------------------------

SWAGGER_TOKEN = {
    "access_token": "someAccessTokenHexString",
    "expires_in": 300000,
    "refresh_expires_in": 900000,
    "refresh_token": "someRefreshTokenHexString",
    "scope": "livelink:api",
    "token_type": "Bearer",
}

SWAGGER_SEND_RESPONSE = {
    "livelinkOrderIds": [{"destination": ["+1234567890"], "livelinkOrderId": ["1234567890"]}]
}

SWAGGER_ERROR = {
    "apiErrorCode": 123,
    "debugMessage": "Token does not match account credentials",
    "httpStatusCode": "200 OK",
    "userMessage": "The message could not be delivered successfully",
}

SWAGGER_DEST_ORDER_ID = {
    "destination": ["1234567890", "0987654321"],
    "livelinkOrderId": ["87654321", "12345678"],
}

SWAGGER_STATUS_RESPONSE = {
    "clientId": "3",
    "pageCount": 10,
    "pageIndex": 2,
    "SAPNotification": [
        {
            "orderId": "1702926297",
            "recipient": "+50494404140",
            "timestamp": "2019-01-07T23:54:40.192",
            "status": "DELIVERED",
            "messageBody": "Message 1 of the order 1702926297 at destination of +50494404140 "
            "has been sent at 21:54:15 (GMT) on the 07-01-2019.",
        }
    ],
}

SWAGGER_POLL_STATUS = {
    "finalStatusIndicator": "DB682",
    "internalStatusId": "ABC",
    "operatorId": 1231,
    "orderId": "1221",
    "recipient": "1234567890",
    "status": "RECEIVED",
    "timestamp": "2018-01-07T23:54:40.192",
}

SWAGGER_MO_PAGE = {
    "pageCount": 10,
    "pageIndex": 1,
    "sapnotification": [
        {
            "contentText": "Content of message.",
            "parameters": {
                "accountId": "123",
                "codeTac": 23,
                "contentTextEncoding": "UTF8",
                "countryCode": "GB",
                "curTime": "2019-01-07 23:54:40",
                "imodeStatus": 23,
                "indexNber": 1,
                "keyword": "hello",
                "messageClass": "3",
                "mmsStatus": 12345,
                "operatorCodeMCC": "123",
                "operatorCodeMNC": "002",
                "operatorId": "12",
                "operatorNetwork": "GSM",
                "parentalStatus": "18+=+",
                "receivedServiceNumber": "1231",
                "receivedTime": "2017-11-11 11:11:11.111",
                "sessionId": "132",
                "tacCode": "12",
                "timezone": "GMT",
                "totalIndex": 3,
            },
            "recipient": "1234",
            "sender": "tel:+1234567890",
        }
    ],
}
