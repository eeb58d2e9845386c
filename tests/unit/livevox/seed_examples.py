"""Every example response printed in seed 003, copied verbatim (the parser fixtures)."""

TEMPLATES = {
    "templates": [
        {
            "id": 75870,
            "message": "Hello reply yes for SMS Opt-In",
            "smsCode": "53063",
            "optInFlag": False,
        },
        {
            "id": 75959,
            "description": "sms_blast",
            "message": "APItest",
            "smsCode": "53063",
            "optInFlag": False,
        },
    ]
}

SEND_SMS = {"transactionId": 51644325690}

SMS_CODES = {"listSmsCodes": [{"code": "14159174458", "description": "Long_Code"}]}

CHANNEL_COUNTS = {
    "countOfEmailInteractionsSent": 3,
    "countOfSMSInteractionsSent": 0,
    "countOfMessageInteractionsSent": 0,
    "countOfUnreadEmailThreadsInPersonalInbox": 5,
    "countOfReadEmailThreadsInPersonalInbox": 11,
    "countOfUnreadSMSThreadsInPersonalInbox": 1,
    "countOfUnreadMessageInteractionsinPersonalInbox": 0,
    "countOfReadSMSThreadsInPersonalInbox": 2,
    "countOfReadMessageInteractionsinPersonalInbox": 0,
    "countOfChatInteractionsAbandoned": 0,
    "countOfOBWebChatInteractionsSent": 0,
    "countOfIBWebChatInteractionReceived": 0,
    "countOfActiveEmailThreadsInPersonalInbox": 1,
    "countOfActiveSMSThreadsInPersonalInbox": 0,
    "countOfActiveMessageThreadsinPersonalInbox": 0,
    "countOfActiveWebChatThreadsInPersonalInbox": 0,
}

CHANNELS = [
    {
        "channel": "Email",
        "channelId": "645836",
        "channelName": "Personal Email",
        "unreadCount": 0,
        "totalCount": 1,
        "personal": True,
    },
    {
        "channel": "Voicemail",
        "channelId": "9900001014",
        "channelName": "Personal Voicemail 9900001014",
        "unreadCount": 0,
        "totalCount": 0,
        "personal": True,
    },
    {
        "channel": "Voicemail",
        "channelId": "9900001147",
        "channelName": "Service 94981 VM",
        "unreadCount": 0,
        "totalCount": 0,
        "personal": False,
    },
    {
        "channel": "Voicemail",
        "channelId": "9900001025",
        "channelName": "Service 94987 VM",
        "unreadCount": 0,
        "totalCount": 0,
        "personal": False,
    },
    {
        "channel": "Voicemail",
        "channelId": "9900001185",
        "channelName": "Service 95047 VM",
        "unreadCount": 0,
        "totalCount": 0,
        "personal": False,
    },
    {
        "channel": "Voicemail",
        "channelId": "9900001016",
        "channelName": "Service 95075 VM",
        "unreadCount": 0,
        "totalCount": 0,
        "personal": False,
    },
]

THREADS = [
    {
        "threadId": "56061444434",
        "read": True,
        "replied": True,
        "fileSize": 0,
        "channel": "SMS",
        "details": "",
        "to": "14154164061",
        "serviceId": 94874,
        "account": "1213",
        "direction": 0,
    },
    {
        "threadId": "56047165976",
        "read": True,
        "replied": True,
        "fileSize": 0,
        "channel": "SMS",
        "details": "",
        "to": "14154164061",
        "serviceId": 94874,
        "account": "1213",
        "direction": 0,
    },
    {
        "threadId": "56047127816",
        "read": True,
        "replied": True,
        "fileSize": 0,
        "channel": "SMS",
        "details": "",
        "to": "14154164061",
        "serviceId": 94874,
        "account": "1213",
        "direction": 0,
    },
]

TRANSFER = {"id": "56047165976"}

TRANSFER_AGENTS = [
    {"agentId": 645835, "loginId": "KAVYA", "name": "kavya livevox", "status": "NOTREADY"},
    {"agentId": 795963, "loginId": "APITEST1", "name": "apitest1 pass", "status": "NOTREADY"},
    {"agentId": 689581, "loginId": "KAVYA3", "name": "kavya3 livevox", "status": "READY"},
    {"agentId": 689579, "loginId": "KAVYA1", "name": "kavya11 livevox", "status": "READY"},
]

SEND_MESSAGE = {"id": "56284272387"}

_OUT = "API SMS Test sent by agent 2022-10-20T04:16:08.108Z"
_HI = "API SMS Test Hi Kavita 2022-10-20T04:16:08.108Z"


def _msg(id_: str, text: str, date: int, status: str, direction: str) -> dict[str, object]:
    return {
        "id": id_,
        "message": text,
        "smsCode": "13345094836",
        "phone": "14154164061",
        "date": date,
        "status": status,
        "direction": direction,
    }


MESSAGES = [
    _msg("56061451356", _HI, 1666263753000, "SMS MT Delivered", "2"),
    _msg("56061451355", _OUT, 1666263753000, "SMS MT Delivered", "2"),
    _msg("56061451328", "Okay", 1666263132000, "Operator Transfer", "1"),
    _msg("56061451327", "Good", 1666263117000, "Operator Transfer", "1"),
    _msg("56061451326", _HI, 1666263103000, "SMS MT Delivered", "2"),
    _msg("56061451325", _OUT, 1666263102000, "SMS MT Delivered", "2"),
    _msg("56061451220", _HI, 1666259109000, "SMS MT Delivered", "2"),
    _msg("56061451219", _OUT, 1666259108000, "SMS MT Delivered", "2"),
    _msg("56061451207", _HI, 1666258736000, "SMS MT Delivered", "2"),
    _msg("56061451206", _OUT, 1666258735000, "SMS MT Delivered", "2"),
]

# From livevox-protocol.md (the session API is not in seed 003).
LOGIN = {
    "sessionId": "0b7f9a52-8d1e-4c1a-9f0e-2d6b5c1e7a11",
    "clientId": 123,
    "userId": 645836,
    "daysUntilPasswordExpires": 30,
}
