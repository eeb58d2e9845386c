"""What a real LiveVox tenant does beyond the SMS document (issue 15), with its shapes verbatim:
term codes from the Agent API or the Configuration API, the agent's service, refused logins,
password changes, 502 and internal error codes."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from inbox_app.livevox import LiveVoxClient, errors, models

from . import seed_examples as seed
from .conftest import PASSWORD, SESSION, TOKEN

AGENT_TERM_CODES = {
    "termCodeCategories": [
        {
            "name": "Contact",
            "termCodes": [
                {
                    "id": "1275944",
                    "name": "Deceased",
                    "lvResultId": "725",
                    "lvResult": "Deceased",
                    "reportDisplayOrder": 20,
                    "previewDialEnabled": False,
                    "actionType": "OTHER",
                    "paymentAmtRequired": False,
                }
            ],
        }
    ]
}
CONFIG_TERM_CODES = {"termCode": [{"id": 1275944, "name": "Deceased"}], "next": ""}
SERVICE_ACCESS = {
    "homeAgent": False,
    "phoneNumber": "4155550100",
    "services": [{"serviceId": 94874, "serviceName": "SMS Collections"}],
    "sipId": "sip-1",
}


def body_of(route: respx.Route) -> object:
    return json.loads(route.calls.last.request.content)


class TestTermCodes:
    async def test_agent_api_categories(self, agent: LiveVoxClient, router: respx.Router) -> None:
        route = router.get("/callControl/agent/termCode").respond(200, json=AGENT_TERM_CODES)
        categories = await agent.list_term_codes(94874)
        assert route.calls.last.request.url.params["serviceId"] == "94874"
        assert route.calls.last.request.headers["LV-Session"] == SESSION
        [contact] = categories
        assert contact.name == "Contact"
        [code] = contact.term_codes
        assert (code.term_code_id, code.name, code.lv_result_id, code.lv_result) == (
            "1275944",
            "Deceased",
            "725",
            "Deceased",
        )
        assert code.report_display_order == 20
        assert code.preview_dial_enabled is False
        assert code.action_type is models.TermCodeAction.OTHER
        assert code.payment_amt_required is False

    @pytest.mark.parametrize(
        ("wire", "action"),
        [
            ("RPC_WITH_PAYMENT", models.TermCodeAction.RPC_WITH_PAYMENT),
            ("RPC_WITHOUT_PAYMENT", models.TermCodeAction.RPC_WITHOUT_PAYMENT),
            ("WPC", models.TermCodeAction.WPC),
            ("wpc", models.TermCodeAction.WPC),
            ("SOMETHING_NEW", models.TermCodeAction.OTHER),
            (None, models.TermCodeAction.OTHER),
        ],
    )
    async def test_action_types_parse_leniently(
        self, agent: LiveVoxClient, router: respx.Router, wire: str | None, action: object
    ) -> None:
        code = {"id": 7, "name": "Paid", "actionType": wire, "paymentAmtRequired": True}
        router.get("/callControl/agent/termCode").respond(
            200, json={"termCodeCategories": [{"name": "Payment", "termCodes": [code]}]}
        )
        [category] = await agent.list_term_codes("1")
        assert category.term_codes[0].action_type is action
        assert category.term_codes[0].payment_amt_required is True

    @pytest.mark.parametrize("status", [403, 404, 405])
    async def test_configuration_api_when_the_agent_api_is_refused_or_absent(
        self, agent: LiveVoxClient, router: respx.Router, status: int
    ) -> None:
        router.get("/callControl/agent/termCode").respond(
            status, json={"code": 100, "message": "no"}
        )
        config = router.get("/configuration/termCodes").respond(200, json=CONFIG_TERM_CODES)
        [category] = await agent.list_term_codes(94874)
        params = config.calls.last.request.url.params
        assert dict(params) == {
            "count": "1000",
            "offset": "0",
            "service": "94874",
            "client": str(seed.LOGIN["clientId"]),
        }
        assert category.name == ""
        assert [(c.term_code_id, c.name) for c in category.term_codes] == [("1275944", "Deceased")]

    async def test_configuration_api_pages_while_next_is_set(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        router.get("/callControl/agent/termCode").respond(404)
        pages = [
            {"termCode": [{"id": 1, "name": "A"}], "next": "/configuration/termCodes?offset=1000"},
            {"termCode": [{"id": 2, "name": "B"}], "next": ""},
        ]
        config = router.get("/configuration/termCodes").mock(
            side_effect=[httpx.Response(200, json=page) for page in pages]
        )
        [category] = await agent.list_term_codes(5)
        assert [c.name for c in category.term_codes] == ["A", "B"]
        offsets = [call.request.url.params["offset"] for call in config.calls]
        assert offsets == ["0", "1000"]

    async def test_configuration_api_with_a_version_segment(self, router: respx.Router) -> None:
        transport = httpx.MockTransport(router.async_handler)
        versions = {"configuration": "v5.0"}
        async with LiveVoxClient(
            "https://lv.test", TOKEN, versions=versions, transport=transport
        ) as lv:
            router.post("/session/login").respond(200, json=seed.LOGIN)
            await lv.login("DEMO", "agent1", PASSWORD)
            router.get("/callControl/agent/termCode").respond(403)
            config = router.get("/configuration/v5.0/termCodes").respond(
                200, json=CONFIG_TERM_CODES
            )
            assert (await lv.list_term_codes(1))[0].term_codes[0].name == "Deceased"
            assert config.call_count == 1

    async def test_a_server_failure_is_not_hidden_by_the_fallback(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        router.get("/callControl/agent/termCode").respond(500)
        config = router.get("/configuration/termCodes").respond(200, json=CONFIG_TERM_CODES)
        with pytest.raises(errors.ServerError):
            await agent.list_term_codes(1)
        assert config.call_count == 0

    async def test_malformed_term_codes_are_a_protocol_error(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        router.get("/callControl/agent/termCode").respond(
            200, json={"termCodeCategories": [{"termCodes": [{"name": "no id"}]}]}
        )
        with pytest.raises(errors.ProtocolError):
            await agent.list_term_codes(1)


class TestService:
    async def test_access(self, agent: LiveVoxClient, router: respx.Router) -> None:
        router.get("/callControl/agent/service/access").respond(200, json=SERVICE_ACCESS)
        access = await agent.service_access()
        assert access.phone_number == "4155550100"
        assert [(s.service_id, s.service_name) for s in access.services] == [
            ("94874", "SMS Collections")
        ]
        assert access.home_agent is False

    async def test_join_and_leave(self, agent: LiveVoxClient, router: respx.Router) -> None:
        join = router.post("/callControl/agent/service/join").respond(204)
        leave = router.post("/callControl/agent/service/leave").respond(204)
        await agent.join_service(94874, "4155550100")
        assert dict(join.calls.last.request.url.params) == {
            "serviceId": "94874",
            "phoneNumber": "4155550100",
        }
        assert agent.joined_service == "94874"
        await agent.leave_service()
        assert leave.call_count == 1 and agent.joined_service is None

    async def test_a_fresh_session_joins_the_service_again(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        join = router.post("/callControl/agent/service/join").respond(204)
        await agent.join_service("94874", "4155550100")
        codes = router.get("/sms/codes").mock(
            side_effect=[httpx.Response(401), httpx.Response(200, json=seed.SMS_CODES)]
        )
        await agent.list_sms_codes()
        assert codes.call_count == 2
        assert join.call_count == 2  # the new session is in the service too


class TestLoginAndPassword:
    @pytest.mark.parametrize("status", [401, 403, 404])
    async def test_refused_login_keeps_the_servers_words_and_names_the_environment(
        self, lv: LiveVoxClient, router: respx.Router, status: int
    ) -> None:
        router.post("/session/login").respond(
            status, json={"code": 1017, "message": "authorization error"}
        )
        with pytest.raises(errors.LoginFailed) as caught:
            await lv.login("DEMO", "agent1", "wrong")
        assert (caught.value.status, caught.value.code) == (status, 1017)
        assert caught.value.server_message == "authorization error"
        assert "NA3" in caught.value.message and "environment" in caught.value.message
        assert not caught.value.password_expired

    async def test_expired_password_is_recognised(
        self, lv: LiveVoxClient, router: respx.Router
    ) -> None:
        router.post("/session/login").respond(
            401, json={"code": 1020, "message": "Your password has expired."}
        )
        with pytest.raises(errors.LoginFailed) as caught:
            await lv.login("DEMO", "agent1", PASSWORD)
        assert caught.value.password_expired

    async def test_days_until_password_expires(
        self, lv: LiveVoxClient, router: respx.Router
    ) -> None:
        router.post("/session/login").respond(
            200, json={**seed.LOGIN, "daysUntilPasswordExpires": 3}
        )
        session = await lv.login("DEMO", "agent1", PASSWORD)
        assert session.days_until_password_expires == 3

    async def test_change_password(self, agent: LiveVoxClient, router: respx.Router) -> None:
        route = router.post("/session/password").respond(204)
        await agent.change_password("DEMO", "agent1", PASSWORD, "n3w-Secret!", agent=True)
        assert body_of(route) == {
            "clientName": "DEMO",
            "userName": "agent1",
            "password": PASSWORD,
            "newPassword": "n3w-Secret!",
            "agent": True,
        }
        assert "LV-Session" not in route.calls.last.request.headers
        # The old session ended with the old password: the next call signs in with the new.
        login = router.post("/session/login").respond(200, json=seed.LOGIN)
        login.calls.clear()
        router.get("/sms/templates").respond(200, json=seed.TEMPLATES)
        await agent.list_templates()
        assert body_of(login)["password"] == "n3w-Secret!"  # type: ignore[index]

    async def test_change_password_refused(self, lv: LiveVoxClient, router: respx.Router) -> None:
        router.post("/session/password").respond(
            400, json={"code": 1033, "message": "Password does not meet the policy"}
        )
        with pytest.raises(errors.BadRequest) as caught:
            await lv.change_password("DEMO", "agent1", PASSWORD, "short")
        assert (caught.value.status, caught.value.code) == (400, 1033)


async def test_error_code_is_livevoxs_own_not_the_status(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    router.post("/sms/").respond(400, json={"code": 202, "message": "Contact already exists!"})
    with pytest.raises(errors.BadRequest) as caught:
        await agent.send_sms("53063", "4155550111", message="hi")
    assert (caught.value.status, caught.value.code) == (400, 202)
    assert caught.value.server_message == "Contact already exists!"
