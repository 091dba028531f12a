"""The lab's identity provider: AD FS or Entra-shaped OpenID endpoints issuing JWTs that ARM checks."""
