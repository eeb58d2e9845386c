"""The JSON examples of seed 002 (the iLiveIt product page), copied verbatim, and the
structures of the public client libraries (iliveit/go-messaging-client
``messagingapi_structs.go``, iliveit/csharp-messaging-client ``MessagingAPI/structs``) written
out as JSON with their field names and the samples' values: the parser fixtures.

Go's ``encoding/json`` writes a struct field without a tag under the field's own name
(``MessageId``, ``SourceMSISDN``), and one with a tag under the tag (``message_id``).
"""

# --- seed 002 ---------------------------------------------------------------------------------

SEED_PING_RESPONSE = {"Body": "Pong!"}

SEED_SEND_RESPONSE = {"MessageID": "returned-message-id-string"}

SEED_MMS_REQUEST = {
    "Action": 1,
    "MVNOID": 1,
    "Data": {
        "message_type": "mms",
        "msisdn": ["27000000000"],
        "network": "*",
        "slides": [
            {
                "duration": "5",
                "content": [
                    {
                        "type": "text",
                        "mime": "text/plain",
                        "data": "Sample MMS Text",
                        "name": "text.txt",
                    }
                ],
            }
        ],
        "subject": "Sample MMS",
    },
    "Campaign": "Sample MMS",
}

SEED_EMAIL_REQUEST = {
    "Action": 3,
    "MVNOID": 1,
    "Data": {
        "message_type": "email",
        "network": "local_email",
        "subject": "My Email Test",
        "address": ["me@example.com"],
        "html": "This is the HTML part",
        "text": "This is the Plaintext part",
        "attachments": [],
    },
    "Campaign": "Email Test",
    "PostbackReplyUrl": None,
    "PostbackStatusUrl": None,
    "PostBackStatusTypes": None,
}

SEED_STATUS_RESPONSE = {
    "type": "message_type",
    "campaign": "campaign_name",
    "message_id": "message-id",
    "template": 1,
    "network": "actual submitted network",
    "msisdn": "27000000000",
    "email": "email@example.com",
    "mvno": 1,
    "date_received": "2015-01-06T10:20:30Z",
    "build_status": 14,
    "build_timestamp": "2015-01-06T10:20:30Z",
    "archive_status": 4,
    "archive_timestamp": "2015-01-06T10:20:30Z",
    "submit_status": 2,
    "submit_timestamp": "2015-01-06T10:20:30Z",
    "sent_status": 1,
    "sent_timestamp": "2015-01-06T10:20:30Z",
    "delivered_status": 1,
    "delivered_timestamp": "2015-01-06T10:20:30Z",
}

# --- go-messaging-client ------------------------------------------------------------------------

# ``IncomingSMS`` (no tags: the field names), with samples/main.go's SMS values: the body of a
# reply postback as a Go server writes it.
GO_INCOMING_SMS = {
    "MessageId": "1-90aaf0b4-65d2-4556-7ec1-a134afdf6e76",
    "SourceMSISDN": "27760913077",
    "DestinationMSISDN": "27000000000",
    "Message": "This is my SMS text",
    "ExtraDigits": "00123",
    "RetryCount": 0,
}

# ``StatusResult`` (json tags) as samples/main.go's /status handler decodes it: a status
# postback about a delivery. Go writes its zero time for the stages not reached.
GO_STATUS_POSTBACK = {
    "type": "sms",
    "campaign": "GoClientTest",
    "message_id": "1-90aaf0b4-65d2-4556-7ec1-a134afdf6e76",
    "template": 0,
    "network": "local_smpp",
    "msisdn": "27760913077",
    "email": "",
    "mvno": 4,
    "date_received": "2015-01-06T10:20:30Z",
    "build_timestamp": "0001-01-01T00:00:00Z",
    "archive_status": 4,
    "archive_status_description": "Archived",
    "archive_timestamp": "2015-01-06T10:20:31Z",
    "submit_status": 2,
    "submit_status_description": "Submitted",
    "submit_timestamp": "2015-01-06T10:20:31Z",
    "sent_status": 1,
    "sent_status_description": "Sent",
    "sent_timestamp": "2015-01-06T10:20:35Z",
    "delivered_status": 1,
    "delivered_status_description": "Delivered",
    "delivered_timestamp": "2015-01-06T10:21:02Z",
    "postback_type": "delivery",
}

# ``NewMessage`` + ``SubmitSMSMessageData`` as the Go client marshals samples/main.go's SMS:
# ``MSISDN`` / ``Network`` and ``PostbackStatusTypes`` capitalised as the Go fields are.
GO_SMS_REQUEST = {
    "Action": 2,
    "MVNOID": 4,
    "ApprovalBatch": 0,
    "Data": {
        "message_type": "sms",
        "MSISDN": ["27760913077"],
        "Network": "local_smpp",
        "text": "This is my SMS text",
        "extra_digits": "00123",
    },
    "Campaign": "GoClientTest",
    "PostbackReplyUrl": "http://127.0.0.1:9001",
    "PostbackStatusUrl": "http://127.0.0.1:9001/status",
    "PostbackStatusTypes": "submit,archive,sent,delivery",
    "SubmitNotBefore": "",
    "SubmitNotAfter": "",
    "Error": "",
}

GO_ERROR_RESPONSE = {"Error": "Maximum messages per second exceeded"}

# --- csharp-messaging-client --------------------------------------------------------------------

# ``MessageStatusExtended`` (JsonProperty names): a message sent over 72 hours ago without a
# failure, "Assumed Delivered (12)" as Program.cs's comment says.
CSHARP_STATUS_ASSUMED = {
    "type": "sms",
    "campaign": "Your campaign name",
    "message_id": "Message-ID-From-Send-Call",
    "template": 0,
    "network": "*",
    "msisdn": "27000000000",
    "email": None,
    "mvno": 29,
    "date_received": "2021-09-10T08:00:00Z",
    "submit_status": 2,
    "submit_timestamp": "2021-09-10T08:00:01Z",
    "sent_status": 1,
    "sent_timestamp": "2021-09-10T08:00:03Z",
    "delivered_status": 12,
    "delivered_status_description": "Assumed Delivered",
    "delivered_timestamp": "2021-09-13T08:00:03Z",
    "open_status": 0,
    "postback_type": "delivery",
    "network_reference": "abc-123",
}
