"""The project's real LiveVox client works against the simulator, end to end over HTTP."""

from __future__ import annotations

import pytest

from inbox_app.livevox import LiveVoxClient
from inbox_app.livevox import errors as lv_errors
from inbox_app.simulator import EmbeddedSimulator

from .helpers import AGENT2, CARE, FIXED_NOW_MS


@pytest.mark.parametrize("versions", [None, {"session": "v5.0", "sms": "v17.0"}])
async def test_client_round_trip(versions: dict[str, str] | None) -> None:
    with EmbeddedSimulator(now_ms=FIXED_NOW_MS) as sim:
        creds = sim.credentials
        async with LiveVoxClient(sim.base_url, creds.access_token, versions=versions) as lv:
            session = await lv.login(
                creds.client_code, creds.agent_login, creds.password, agent=True
            )
            assert lv.agent_id == session.user_id == "645836"
            assert await lv.validate()
            assert await lv.list_templates() and not await lv.list_sms_codes()  # no service yet
            access = await lv.service_access()
            await lv.join_service(access.services[0].service_id, access.phone_number)
            assert await lv.list_sms_codes()
            channels = await lv.list_channels()
            personal_sms = next(c for c in channels if c.personal and c.channel == "SMS")
            pages = [
                page
                async for page in lv.iter_threads(personal_sms.channel_id, "SMS", personal=True)
            ]
            threads = [t for page in pages for t in page]
            assert len(threads) == personal_sms.total_count
            counts = await lv.channel_counts(session.user_id)
            assert counts.unread_sms_personal == personal_sms.unread_count
            thread = threads[0]
            assert thread.thread_id and thread.contact_info is not None

            history = await lv.list_messages(thread_id=thread.thread_id)
            customer = history[0].phone
            code = history[0].sms_code
            txn = await lv.send_message(
                code, customer, "Checking in", thread_id=thread.thread_id, account=thread.account
            )
            history = await lv.list_messages(thread_id=thread.thread_id)
            assert history[0].id == txn and history[0].message == "Checking in"

            await lv.mark_unread(thread.thread_id, session.user_id)
            await lv.mark_read(thread.thread_id, session.user_id)
            await lv.move_to_group(thread.thread_id)
            await lv.move_to_personal(thread.thread_id, session.user_id)
            agents = await lv.list_transfer_agents(thread.thread_id)
            assert any(a.available for a in agents)
            assert await lv.transfer_thread(thread.thread_id, "SMS", AGENT2) == thread.thread_id

            other = threads[1]
            await lv.resolve_thread(
                other.thread_id, other.account or "none", term_code_id=101, payment_amount="25.50"
            )
            with pytest.raises(lv_errors.LiveVoxError):
                await lv.resolve_thread(other.thread_id, other.account or "none")

            assert await lv.send_sms(code, "4155550123", message="Hello")
            await lv.logout()
            assert not await lv.validate()


async def test_client_relogs_in_after_a_401_fault() -> None:
    with EmbeddedSimulator(now_ms=FIXED_NOW_MS) as sim:
        creds = sim.credentials
        async with LiveVoxClient(sim.base_url, creds.access_token) as lv:
            first = await lv.login(creds.client_code, creds.agent_login, creds.password)
            sim.set_faults("/sms/codes:error=1@401")
            with pytest.raises(lv_errors.SessionExpired):
                await lv.list_sms_codes()  # re-login works, the repeat hits the fault again
            sim.clear_faults()
            assert sim.session(first.session_id) is None  # the fault really ended it
            await lv.login(creds.client_code, creds.agent_login, creds.password)
            await lv.join_service(CARE)
            assert await lv.list_sms_codes()
            assert lv.session is not None and lv.session.session_id != first.session_id
