"""JWT issue and verification for the lab (RS256 with the lab's signing key).

ARM endpoints verify signature, issuer, audience and expiry; each failure has its own ARM error code.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..errors import ArmError

DEFAULT_LIFETIME = 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class TokenIssuer:
    key: rsa.RSAPrivateKey
    issuer: str
    directory_id: str
    lifetime: int = DEFAULT_LIFETIME

    @staticmethod
    def from_file(path: Path, issuer: str, directory_id: str, lifetime: int = DEFAULT_LIFETIME) -> TokenIssuer:
        key = serialization.load_pem_private_key(path.read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return TokenIssuer(key, issuer, directory_id, lifetime)

    @property
    def kid(self) -> str:
        der = self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return b64url(hashlib.sha256(der).digest()[:20])

    def jwks(self) -> dict[str, Any]:
        numbers = self.key.public_key().public_numbers()

        def enc(n: int) -> str:
            return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))

        return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                          "n": enc(numbers.n), "e": enc(numbers.e)}]}

    def issue(self, audience: str, subject: str, claims: dict[str, Any] | None = None,
              lifetime: int | None = None) -> str:
        now = int(time.time())
        payload: dict[str, Any] = {
            "aud": audience, "iss": self.issuer, "iat": now, "nbf": now - 60,
            "exp": now + (self.lifetime if lifetime is None else lifetime),
            "sub": subject, "tid": self.directory_id, "jti": str(uuid.uuid4()),
        }
        payload.update(claims or {})
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def verify(self, token: str, audience: str) -> dict[str, Any]:
        """Claims of a valid token for `audience`, else the ArmError a stamp would answer."""
        public = self.key.public_key()
        try:
            claims: dict[str, Any] = jwt.decode(
                token, public, algorithms=["RS256"], audience=audience, issuer=self.issuer,
                options={"require": ["exp", "aud", "iss"]}, leeway=0,
            )
        except jwt.ExpiredSignatureError:
            raise ArmError(401, "ExpiredAuthenticationToken",
                           "The access token expiry UTC time is earlier than current UTC time.") from None
        except jwt.InvalidAudienceError:
            raise ArmError(401, "InvalidAuthenticationTokenAudience",
                           "The access token has been obtained for wrong audience or resource. It should "
                           f"exactly match with one of the allowed audiences '{audience}'.") from None
        except jwt.InvalidIssuerError:
            raise ArmError(401, "InvalidAuthenticationTokenTenant",
                           "The access token is from the wrong issuer. It must match the issuer of this "
                           "stamp's directory.") from None
        except jwt.PyJWTError:
            raise ArmError(401, "InvalidAuthenticationToken",
                           "The access token is invalid: its signature or format cannot be verified.") from None
        return claims
