"""KYC & compliance: KYC verifications, regulatory flags and periodic compliance checks.

Files (a table per file, each built by its own function from its own random stream):

- _shared.py: the clients' KYC risk rating (read by the KYC verifications and the regulatory
  flags) and small helpers
- kyc.py: kyc_verifications
- flags.py: regulatory_flags
- checks.py: compliance_checks (the KYC refresh checks read the KYC verifications)

All three tables are each shard's (about its clients, portfolios and transactions; keys offset
by shard): the shares and quotas (lapsed KYC, open flags) hold per shard, like a branch office's,
and each shard has its own compliance team (CO-01 ...), sized by the shard's advisors.
"""

from __future__ import annotations

import polars as pl

from generator.context import Context
from generator.modules.compliance._shared import _client_risk
from generator.modules.compliance.checks import compliance_checks
from generator.modules.compliance.flags import regulatory_flags
from generator.modules.compliance.kyc import kyc_verifications


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    risk = _client_risk(ctx)
    kyc = kyc_verifications(ctx, risk)
    return {
        "kyc_verifications": kyc,
        "regulatory_flags": regulatory_flags(ctx, risk),
        "compliance_checks": compliance_checks(ctx, kyc),
    }
