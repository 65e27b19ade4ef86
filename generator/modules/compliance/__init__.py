"""KYC & compliance: KYC verifications, regulatory flags and periodic compliance checks.

Files (a table per file, each built by its own function from its own random stream):

- _shared.py: the clients' KYC risk rating (read by the KYC verifications and the regulatory
  flags) and small helpers
- kyc.py: kyc_verifications
- flags.py: regulatory_flags
- checks.py: compliance_checks (the KYC refresh checks read the KYC verifications)
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
