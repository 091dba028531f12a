"""Clear errors for the failures an operator meets: wrong secret, 401, 403, throttling, wrong api-version,
an untrusted or unreachable endpoint, a timeout, a Canceled image. None shows a secret."""

from __future__ import annotations

import pytest

from azskernel.azure.cmdlets import accounts, compute_admin
from azskernel.azure.context import AzProfile
from azskernel.azure.errors import (
    ApiVersionError,
    AuthenticationFailedError,
    EndpointUnreachableError,
    OperationTimeoutError,
    PermissionDeniedError,
    ProvisioningFailedError,
    ResourceMissingError,
    ServiceError,
    ThrottledError,
    TlsTrustError,
    translate,
)
from tests.support.ports import free_port

GOOD_URI = "https://127.0.0.1:1/acct/vhds/x.vhd"


@pytest.fixture
def faults(adfs_connected):  # type: ignore[no-untyped-def]
    from azslab.testing import set_faults

    yield lambda config: set_faults(adfs_connected.env, config)
    set_faults(adfs_connected.env, {})


def test_a_failing_token_endpoint_is_not_blamed_on_the_secret(adfs_connected, faults, tmp_path) -> None:  # type: ignore[no-untyped-def]
    faults({"rules": [{"path": "/oauth2/token", "method": "POST", "action": "fail", "status": 500, "times": 10}]})
    profile = AzProfile.load(tmp_path)
    accounts.add_environment(name="Stamp", arm_endpoint=adfs_connected.env.admin_arm_endpoint, profile=profile)
    with pytest.raises(ServiceError) as err:
        accounts.connect_account(environment="Stamp", credential=(adfs_connected.env.client_id,
                                                                  adfs_connected.env.client_secret), profile=profile)
    message = str(err.value)
    assert "identity service" in message and "HTTP 500" in message and "nothing about the secret" in message
    assert "Check the tenant" not in message and err.value.record.error_id == "IdentityServiceError"


def test_wrong_secret_says_signing_in_failed(adfs_connected, tmp_path) -> None:  # type: ignore[no-untyped-def]
    profile = AzProfile.load(tmp_path)
    accounts.add_environment(name="Stamp", arm_endpoint=adfs_connected.env.admin_arm_endpoint, profile=profile)
    with pytest.raises(AuthenticationFailedError) as err:
        accounts.connect_account(environment="Stamp", credential=(adfs_connected.env.client_id, "wrong-secret-value-123"),
                                 profile=profile)
    assert "signing in failed" in str(err.value) and "wrong-secret-value-123" not in str(err.value)
    adfs_connected.transcript.add(str(err.value))


def test_refused_token_says_sign_in_again(adfs_connected, tmp_path) -> None:  # type: ignore[no-untyped-def]
    profile = AzProfile.load(tmp_path)
    accounts.add_environment(name="Stamp", arm_endpoint=adfs_connected.env.admin_arm_endpoint, profile=profile)
    with pytest.raises(AuthenticationFailedError, match="Connect-AzAccount") as err:
        accounts.connect_account(environment="Stamp", access_token="not-a-real-token-but-long-enough", profile=profile)
    assert "401" in str(err.value)


def test_untrusted_stamp_names_the_endpoint_and_the_fix(adfs_connected, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("AZS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    with pytest.raises(TlsTrustError) as err:
        accounts.add_environment(name="Stamp", arm_endpoint=adfs_connected.env.admin_arm_endpoint, profile=AzProfile.load(tmp_path))
    message = str(err.value)
    assert adfs_connected.env.admin_arm_endpoint.rstrip("/") in message and "AZS_CA_BUNDLE" in message


def test_unreachable_endpoint_is_clear(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EndpointUnreachableError) as err:
        accounts.add_environment(name="Stamp", arm_endpoint=f"https://127.0.0.1:{free_port()}/", profile=AzProfile.load(tmp_path))
    assert "unreachable" in str(err.value) and "azs lab status" in str(err.value)


def test_forbidden_names_the_missing_permission(adfs_connected, faults) -> None:  # type: ignore[no-untyped-def]
    faults({"rules": [{"path": "artifactTypes/platformImage$", "method": "GET", "action": "fail", "status": 403,
                       "code": "AuthorizationFailed", "times": 5}]})
    with pytest.raises(PermissionDeniedError) as err:
        compute_admin.get_platform_image(profile=adfs_connected.profile, reporter=adfs_connected.reporter)
    assert "AuthorizationFailed" in str(err.value) and "role assignment" in str(err.value)


def test_throttling_after_retries_is_clear(adfs_connected, faults) -> None:  # type: ignore[no-untyped-def]
    faults({"rules": [{"path": "artifactTypes/platformImage$", "method": "GET", "action": "throttle", "retryAfter": 0,
                       "times": 50}]})
    with pytest.raises(ThrottledError, match="429"):
        compute_admin.get_platform_image(profile=adfs_connected.profile, reporter=adfs_connected.reporter)


def test_wrong_api_version_is_clear(adfs_connected) -> None:  # type: ignore[no-untyped-def]
    from azure.core import PipelineClient
    from azure.core.exceptions import HttpResponseError
    from azure.core.rest import HttpRequest

    env, profile = adfs_connected.env, adfs_connected.profile
    token = profile.credential.get_token(*profile.environment("AzureStackAdmin").scopes()).token
    url = f"{env.admin_arm_endpoint}subscriptions?api-version=2099-01-01"
    with PipelineClient(base_url=url, connection_verify=env.ca_bundle) as client:
        response = client.send_request(HttpRequest("GET", url, headers={"Authorization": f"Bearer {token}"}))
    error = translate(HttpResponseError(response=response), operation="list subscriptions")
    assert isinstance(error, ApiVersionError) and "2020-09-01-hybrid" in str(error)


@pytest.fixture(scope="module")
def good_blob(adfs_connected, lab_images):  # type: ignore[no-untyped-def]
    """A public, fixed, generation-1 VHD blob: the stamp imports it."""
    from azskernel.azure.cmdlets import resources, storage
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    resources.new_resource_group(name="errrg", location=adfs_connected.env.location, profile=prof, reporter=rep)
    acct = storage.new_storage_account(resource_group_name="errrg", name="erracct", location=adfs_connected.env.location,
                                       profile=prof, reporter=rep)
    storage.new_storage_container(name="pub", permission="Blob", context=acct.Context, reporter=rep)
    image = lab_images.fixed.read_bytes()
    blob = acct.Context.blob_service().get_blob_client("pub", "ok.vhd")
    blob.create_page_blob(len(image))
    blob.upload_page(image[: 4 << 20], offset=0, length=4 << 20)
    blob.upload_page(image[-512:], offset=len(image) - 512, length=512)
    return f"{acct.PrimaryEndpoints.Blob}pub/ok.vhd"


def test_timeout_and_canceled(adfs_connected, faults, good_blob) -> None:  # type: ignore[no-untyped-def]
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    args = dict(publisher="Errors", offer="o", sku="s", os_type="Linux", os_uri=good_blob, poll_interval=0.2, profile=prof, reporter=rep)
    faults({"provisioning": {"duration": 30}})
    with pytest.raises(OperationTimeoutError, match="TimeoutSec"):
        compute_admin.add_platform_image(version="1.0.0", timeout_sec=1, **args)  # type: ignore[arg-type]
    faults({"provisioning": {"outcome": "Canceled", "duration": 0.2}})
    with pytest.raises(ProvisioningFailedError, match="canceled"):
        compute_admin.add_platform_image(version="1.0.1", **args)  # type: ignore[arg-type]


def test_failed_when_the_blob_cannot_be_checked_lists_the_usual_causes(adfs_connected) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProvisioningFailedError) as err:
        compute_admin.add_platform_image(publisher="Unchecked", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                         os_uri=f"https://127.0.0.1:{free_port()}/acct/c/x.vhd", skip_preflight=True,
                                         poll_interval=0.2, timeout_sec=30, profile=adfs_connected.profile,
                                         reporter=adfs_connected.reporter)
    assert "could not be checked from this machine" in str(err.value) and "generation 2" in str(err.value)
    compute_admin.remove_platform_image(publisher="Unchecked", offer="o", sku="s", version="1.0.0", profile=adfs_connected.profile)


def test_a_stopped_wait_leaves_the_image_creating(adfs_connected, faults) -> None:  # type: ignore[no-untyped-def]
    from azskernel.azure.errors import OperationStoppedError
    from azskernel.azure.events import Reporter

    prof = adfs_connected.profile
    faults({"provisioning": {"duration": 20}})
    stop = Reporter(verbose=adfs_connected.transcript.lines.append, cancelled=lambda: True)
    with pytest.raises(OperationStoppedError, match="it was Creating when last read. The stamp goes on with it: "
                                                    "follow it with Get-AzsPlatformImage -Publisher Stopped -Offer o"):
        compute_admin.add_platform_image(publisher="Stopped", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                         os_uri="https://127.0.0.1:1/acct/c/x.vhd", skip_preflight=True,
                                         poll_interval=5, profile=prof, reporter=stop)
    assert compute_admin.get_platform_image(publisher="Stopped", profile=prof)[0].ProvisioningState == "Creating"
    compute_admin.remove_platform_image(publisher="Stopped", offer="o", sku="s", version="1.0.0", profile=prof)


def test_a_blob_this_machine_cannot_reach_suggests_skip_preflight(adfs_connected) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EndpointUnreachableError, match="-SkipPreflight"):
        compute_admin.add_platform_image(publisher="Far", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                         os_uri=f"https://127.0.0.1:{free_port()}/acct/c/x.vhd",
                                         profile=adfs_connected.profile, reporter=adfs_connected.reporter)


@pytest.mark.parametrize(("failures", "answered"), [(0, "1.0"), (1, "2015-01-01")])
def test_discovery_asks_1_0_first_then_2015_01_01(adfs_connected, faults, tmp_path, failures: int, answered: str) -> None:  # type: ignore[no-untyped-def]
    """Az.Accounts asks api-version 1.0 (EnvironmentHelper.RetrieveMetaDataEndpoints), as Hub documents."""
    if failures:
        faults({"rules": [{"path": "^/metadata/endpoints$", "method": "GET", "action": "fail", "status": 400,
                           "code": "InvalidApiVersionParameter", "times": failures}]})
    env = accounts.add_environment(name="Older", arm_endpoint=adfs_connected.env.admin_arm_endpoint,
                                   profile=AzProfile.load(tmp_path))
    assert env.EnableAdfsAuthentication is True
    assert AzProfile.load(tmp_path).environment("Older").metadata_api_version == answered


def test_a_refused_poll_asks_for_a_new_token_and_goes_on(adfs_connected, faults, good_blob) -> None:  # type: ignore[no-untyped-def]
    """One 401 while polling (the 2nd GET of the image: the 1st is the check before the PUT) does not stop the wait."""
    faults({"provisioning": {"duration": 1.0},
            "rules": [{"path": "/publishers/Refused/", "method": "GET", "nth": 2, "times": 1, "action": "fail",
                       "status": 401, "code": "ExpiredAuthenticationToken"}]})
    transcript = adfs_connected.transcript
    image = compute_admin.add_platform_image(publisher="Refused", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                             os_uri=good_blob, poll_interval=0.2, timeout_sec=30,
                                             profile=adfs_connected.profile, reporter=adfs_connected.reporter)
    assert image.ProvisioningState == "Succeeded"
    assert any("refused (401); asking for a new token" in line for line in transcript.lines)
    compute_admin.remove_platform_image(publisher="Refused", offer="o", sku="s", version="1.0.0",
                                        profile=adfs_connected.profile)


@pytest.mark.parametrize(("publisher", "status", "code", "error", "says"), [
    ("Revoked", 401, "ExpiredAuthenticationToken", AuthenticationFailedError,
     ["it was Creating when last read", "Connect-AzAccount"]),
    ("Gone", 404, "ResourceNotFound", ResourceMissingError, ["not found 3 times in a row"]),
])
def test_a_wait_that_cannot_go_on_says_the_state_and_what_to_run(adfs_connected, faults, good_blob, publisher: str,  # type: ignore[no-untyped-def]
                                                                  status: int, code: str, error: type, says: list[str]) -> None:
    """Refusals (401) or 404s that go on past the retries stop the wait, with the image's state and what to run."""
    faults({"provisioning": {"duration": 20},
            "rules": [{"path": f"/publishers/{publisher}/", "method": "GET", "nth": 2, "times": 10, "action": "fail",
                       "status": status, "code": code}]})
    with pytest.raises(error) as err:
        compute_admin.add_platform_image(publisher=publisher, offer="o", sku="s", version="1.0.0", os_type="Linux",
                                         os_uri=good_blob, poll_interval=0.1, timeout_sec=30,
                                         profile=adfs_connected.profile, reporter=adfs_connected.reporter)
    for text in [*says, f"Get-AzsPlatformImage -Publisher {publisher} -Offer o -Sku s -Version 1.0.0"]:
        assert text in str(err.value)
    faults({})
    compute_admin.remove_platform_image(publisher=publisher, offer="o", sku="s", version="1.0.0",
                                        profile=adfs_connected.profile)


def test_a_transient_404_while_polling_is_not_a_removal(adfs_connected, faults, good_blob) -> None:  # type: ignore[no-untyped-def]
    faults({"provisioning": {"duration": 1.0},
            "rules": [{"path": "/publishers/Flaky/", "method": "GET", "nth": 2, "times": 2, "action": "fail",
                       "status": 404, "code": "ResourceNotFound"}]})
    image = compute_admin.add_platform_image(publisher="Flaky", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                             os_uri=good_blob, poll_interval=0.2, timeout_sec=30,
                                             profile=adfs_connected.profile, reporter=adfs_connected.reporter)
    assert image.ProvisioningState == "Succeeded"
    compute_admin.remove_platform_image(publisher="Flaky", offer="o", sku="s", version="1.0.0",
                                        profile=adfs_connected.profile)



def test_tokens_are_refreshed_during_a_long_wait(adfs_connected, faults, good_blob) -> None:  # type: ignore[no-untyped-def]
    import time as _time

    from azure.core.credentials import AccessToken

    real = adfs_connected.profile.credential

    class ShortLived:
        """The real credential's tokens, declared to expire at once: every request must ask again."""

        calls = 0

        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            ShortLived.calls += 1
            return AccessToken(real.get_token(*scopes).token, int(_time.time()) + 1)

    original = adfs_connected.profile
    profile = AzProfile(folder=original.folder, environments=dict(original.environments), context=original.context,
                        credential=ShortLived(), autosave=False)
    faults({"provisioning": {"duration": 1.5}})
    image = compute_admin.add_platform_image(publisher="Refresh", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                             os_uri=good_blob, poll_interval=0.3, timeout_sec=30, profile=profile,
                                             reporter=adfs_connected.reporter)
    assert image.ProvisioningState == "Succeeded"
    assert ShortLived.calls >= 4  # one per request of the wait, not one for the whole operation
    compute_admin.remove_platform_image(publisher="Refresh", offer="o", sku="s", version="1.0.0", profile=original)
