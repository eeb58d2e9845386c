"""The client against the simulator for what a real tenant adds (issue 15): term codes both
ways, the service, refused logins, password expiry and change, sign-out leaving."""

from __future__ import annotations

import pytest

from inbox_app.core.outcomes import PlatformError, Reason
from inbox_app.core.platforms import livevox as livevox_platform
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient, errors, models
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.errors import AUTHORIZATION_ERROR

from .conftest import new_client

CARE, COLLECTIONS = "94881", "94874"


async def test_agent_api_term_codes(lv: LiveVoxClient) -> None:
    categories = await lv.list_term_codes(CARE)
    names = {c.name for c in categories}
    assert names == {"Contact", "No contact", "Payment"}
    payment = next(c for c in categories if c.name == "Payment").term_codes[0]
    assert payment.action_type is models.TermCodeAction.RPC_WITH_PAYMENT
    assert payment.payment_amt_required


async def test_configuration_api_when_the_agent_api_is_absent(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    sim.set_faults("/callControl/agent/termCode:error=1@404")
    [category] = await lv.list_term_codes(CARE)
    assert category.name == "" and len(category.term_codes) == 8
    assert {c.name for c in category.term_codes} >= {"Payment arranged", "Wrong number"}


async def test_configuration_api_pages(sim: EmbeddedSimulator) -> None:
    from inbox_app.livevox import client as client_module

    creds = sim.credentials
    sim.set_faults("/callControl/agent/termCode:error=1@403")
    async with new_client(sim, versions={"configuration": "v5.0"}) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        size = client_module.TERM_CODE_PAGE
        client_module.TERM_CODE_PAGE = 3  # three pages of the demo's eight
        try:
            [category] = await lv.list_term_codes(CARE)
        finally:
            client_module.TERM_CODE_PAGE = size
        assert len({c.term_code_id for c in category.term_codes}) == 8


async def test_a_second_service_and_sign_out_leaves(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    assert sim.world is not None
    sim.world.grant_service(creds.agent_login, COLLECTIONS)
    platform = await livevox_platform.sign_in(
        sim.base_url, creds.client_code, creds.agent_login, creds.password, creds.access_token
    )
    try:
        workspace = Workspace(platform)
        assert {s.id for s in workspace.services or ()} == {CARE, COLLECTIONS}
        assert workspace.service_id is None
        assert workspace.sending_unavailable is Reason.NO_SERVICE
        await workspace.load_lists()
        assert workspace.sender_numbers == [] and workspace.term_codes == ()
        await workspace.join_service(COLLECTIONS)
        assert [n.code for n in workspace.sender_numbers] == ["53063"]
        assert workspace.term_codes and workspace.sending_unavailable is None
        # Categories by their first display order (the server sends them by name), then
        # codes by display order (the server sends them by id).
        categories = list(dict.fromkeys(c.category for c in workspace.term_codes))
        assert categories == ["Contact", "Payment", "No contact"]
        assert [c.id for c in workspace.term_codes][:3] == ["102", "105", "106"]
        session = platform.client.session
        assert session is not None
        await workspace.sign_out()
        assert sim.session(session.session_id) is None
    finally:
        await platform.close()
    again = await livevox_platform.sign_in(
        sim.base_url,
        creds.client_code,
        creds.agent_login,
        creds.password,
        creds.access_token,
        preferred_service=COLLECTIONS,
    )
    try:
        assert again.service_id == COLLECTIONS  # the agent's earlier choice
    finally:
        await again.close()


async def test_a_refused_sign_in_keeps_the_servers_words(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    async with new_client(sim) as lv:
        with pytest.raises(errors.LoginFailed) as wrong_env:
            await lv.login("NOT-HERE", creds.agent_login, creds.password)
        assert wrong_env.value.code == AUTHORIZATION_ERROR
        assert wrong_env.value.server_message == "authorization error"
        with pytest.raises(errors.LoginFailed) as wrong_password:
            await lv.login(creds.client_code, creds.agent_login, "nope")
        assert wrong_password.value.server_message == "Invalid client code, user name or password."
        assert (await lv.login(creds.client_code, "AGENT1", creds.password)).session_id


async def test_expired_password_changed_then_signed_in(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    assert sim.world is not None
    sim.world.set_password_days(creds.agent_login, 0)
    sign_in = (sim.base_url, creds.client_code, creds.agent_login)
    with pytest.raises(PlatformError) as caught:
        await livevox_platform.sign_in(*sign_in, creds.password, creds.access_token)
    assert caught.value.reason is Reason.PASSWORD_EXPIRED
    await livevox_platform.change_password(
        *sign_in, creds.password, "brand-New-pass1", creds.access_token
    )
    platform = await livevox_platform.sign_in(*sign_in, "brand-New-pass1", creds.access_token)
    try:
        assert Workspace(platform).days_until_password_expires == 90
    finally:
        await platform.close()


async def test_changing_the_password_keeps_the_app_signed_in(lv: LiveVoxClient) -> None:
    await lv.change_password("DEMO", "agent1", "demo", "brand-New-pass1")
    # The server ended the session with the old password; the next call signs in with the
    # new one and joins the service again.
    assert await lv.list_sms_codes()
