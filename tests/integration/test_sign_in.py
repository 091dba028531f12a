"""The other sign-in modes against the lab in both identity modes: certificate, device code, access token,
and Set-AzContext / Disconnect-AzAccount."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from azskernel.azure.cmdlets import accounts
from azskernel.azure.context import AzProfile
from azskernel.azure.events import DeviceCodeEvent, Reporter
from azslab.testing import approve_device_login


@pytest.fixture
def stamp(lab, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AZS_CA_BUNDLE", lab.ca_bundle)
    profile = AzProfile.load(tmp_path)
    accounts.add_environment(name="AzureStackAdmin", arm_endpoint=lab.admin_arm_endpoint, profile=profile)
    return lab, profile


def test_certificate_sign_in_and_restore(stamp) -> None:  # type: ignore[no-untyped-def]
    lab, profile = stamp
    out = accounts.connect_account(environment="AzureStackAdmin", service_principal=True, application_id=lab.client_id,
                                   certificate_path=str(lab.certificate_path), tenant_id=lab.tenant_id, profile=profile)
    assert out.Account.Id == lab.client_id and out.SubscriptionName
    # A new session restores a certificate sign-in without asking (the path is not a secret).
    again = AzProfile.load(profile.folder)
    assert [s.Id for s in accounts.get_subscription(profile=again)] == [profile.context.subscription.id]


def _approve(lab: Any, code: str) -> None:
    approve_device_login(lab, code)


def test_device_code_shows_url_and_code_then_signs_in(stamp) -> None:  # type: ignore[no-untyped-def]
    lab, profile = stamp
    seen: list[DeviceCodeEvent] = []

    def on_event(ev: Any) -> None:
        if isinstance(ev, DeviceCodeEvent):
            seen.append(ev)
            threading.Thread(target=_approve, args=(lab, ev.code)).start()

    out = accounts.connect_account(environment="AzureStackAdmin", use_device_authentication=True, tenant_id=lab.tenant_id,
                                   profile=profile, reporter=Reporter(event=on_event))
    assert len(seen) == 1 and seen[0].url.startswith("https://") and seen[0].code in seen[0].message
    assert out.Account.Type == "User" and "@" in out.Account.Id


def test_access_token_set_context_and_disconnect(stamp) -> None:  # type: ignore[no-untyped-def]
    lab, profile = stamp
    accounts.connect_account(environment="AzureStackAdmin", credential=(lab.client_id, lab.client_secret),
                             tenant_id=lab.tenant_id, profile=profile)
    sub = profile.context.subscription
    token = profile.credential.get_token(*profile.environment("AzureStackAdmin").scopes()).token
    other = AzProfile.load(profile.folder.parent / "other")
    other.add_environment(profile.environment("AzureStackAdmin"))
    with pytest.raises(Exception, match="is not visible"):
        accounts.connect_account(environment="AzureStackAdmin", access_token=token, subscription="nope", profile=other)
    out = accounts.connect_account(environment="AzureStackAdmin", access_token=token, account_id="me@lab",
                                   subscription=sub.id, profile=other)
    assert out.Account.Id == "me@lab" and out.Account.Type == "AccessToken"
    assert accounts.set_context(subscription=sub.name, profile=other).Subscription.Id == sub.id
    with pytest.raises(Exception, match="not visible"):
        accounts.set_context(subscription="no-such-subscription", profile=other)
    gone = accounts.disconnect_account(profile=other)
    assert gone.Id == "me@lab" and accounts.get_context(profile=other) is None


def test_device_code_in_powershell_warns_with_a_clickable_url(stamp) -> None:  # type: ignore[no-untyped-def]
    from azskernel.azure.events import set_event_hook
    from tests.azure.pshost import RecordingHost, new_session, run
    from tests.integration.conftest import track

    lab, profile = stamp
    host = RecordingHost()
    track(host.everything)
    session = new_session(host)
    set_event_hook(session, lambda ev: isinstance(ev, DeviceCodeEvent)
                   and threading.Thread(target=_approve, args=(lab, ev.code)).start())
    session.set_variable("arm", lab.admin_arm_endpoint)
    session.set_variable("tenant", lab.tenant_id)
    script = ("$null = Add-AzEnvironment -Name Stamp -ARMEndpoint $arm\n"
              "(Connect-AzAccount -Environment Stamp -UseDeviceAuthentication -TenantId $tenant).Account.Type")
    assert run(session, script) is None and host.errors == []
    assert host.output == ["User"]
    assert len(host.warnings) == 1 and "https://" in host.warnings[0] and "enter the code" in host.warnings[0]
