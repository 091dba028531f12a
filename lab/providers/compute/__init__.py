"""Microsoft.Compute (2020-06-01, user endpoint): the tenant image catalogue and VMs with extensions."""
