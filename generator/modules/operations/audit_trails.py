"""Audit trails: the field-level changes of the client-record edits (volumes per client-year
inside the history):

- audit_trails: about 2.2 edits of the client record a year by the client's advisor, each
  changing one or two fields (email, phone, street address, marital status, risk profile); each
  field's history chains old to new values and ends at the client's current value.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import gather
from generator.modules._segments import run_starts, segment_positions, segment_sizes
from generator.reference import seed

TWO_FIELD_EDIT_RATE = 0.25
EDIT_FIELDS = ("email", "phone", "street_address", "marital_status", "risk_profile")
EDIT_WEIGHTS = np.array([0.25, 0.25, 0.3, 0.1, 0.1])
PREVIOUS_MARITAL = {"married": "single", "divorced": "married", "widowed": "married", "single": "married"}
OLD_EMAIL_DOMAINS = ("aol.com", "hotmail.com", "web.de", "orange.fr", "btinternet.com", "comcast.net", "bluewin.ch")


def _edit_values(ctx: Context, edits: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Field-level changes of the client-record edits: one or two fields per edit; each field's
    history chains old to new values and ends at the client's current value."""
    n = edits.height
    first = rng.choice(len(EDIT_FIELDS), n, p=EDIT_WEIGHTS)
    second = (first + 1 + rng.integers(0, len(EDIT_FIELDS) - 1, n)) % len(EDIT_FIELDS)
    two = rng.random(n) < TWO_FIELD_EDIT_RATE
    fields = pl.concat(
        [
            edits.select("audit_key", "client_id", "ts", "actor_advisor_id", gather(EDIT_FIELDS, first).alias("field")),
            edits.filter(pl.Series(two)).select(
                "audit_key", "client_id", "ts", "actor_advisor_id", gather(EDIT_FIELDS, second[two]).alias("field")
            ),
        ]
    )
    clients = ctx.people.clients.select(
        "client_id", "email", "phone", "street_address", "marital_status", "risk_profile", "residence_country"
    )
    current = clients.unpivot(index="client_id", on=list(EDIT_FIELDS), variable_name="field", value_name="current")
    trails = (
        fields.join(current, on=["client_id", "field"])
        .join(clients.select("client_id", "email", "phone", "residence_country"), on="client_id")
        .sort("client_id", "field", "ts", "audit_key")
    )
    m = trails.height
    # two distinct candidate earlier values per row: the old value is the first unless it equals the new one
    i = rng.integers(0, 1 << 30, m)
    profiles = seed("risk_profiles").sort("risk_level").get_column("risk_profile_code").to_list()
    # a risk profile moves by one level (from the ends, inwards)
    down = {p: profiles[k - 1] if k > 0 else profiles[1] for k, p in enumerate(profiles)}
    up = {p: profiles[k + 1] if k < len(profiles) - 1 else profiles[-2] for k, p in enumerate(profiles)}
    pool = pl.concat(
        [
            pl.DataFrame({"street": pl.Series(streets.tolist(), dtype=pl.String).unique(maintain_order=True)}).select(
                pl.lit(code).alias("residence_country"), pl.int_range(0, pl.len()).alias("_k"), "street"
            )
            for code, streets in ((code, country.streets) for code, country in ctx.pools.countries.items())
        ]
    )
    sizes = pool.group_by("residence_country").agg(pl.len().alias("_size"))
    trails = (
        trails.with_row_index("_row")
        .join(sizes, on="residence_country", how="left")
        .with_columns(
            (pl.Series(i) % pl.col("_size")).alias("_ka"),
            ((pl.Series(i) + 1) % pl.col("_size")).alias("_kb"),
            pl.Series("_i", i),
            pl.Series("_pa", rng.integers(200, 999, m)),
            pl.Series("_pb", rng.integers(100, 999, m)),
            pl.Series("_pc", rng.integers(0, 9999, m)),
        )
        .join(pool.rename({"_k": "_ka", "street": "_street_a"}), on=["residence_country", "_ka"], how="left")
        .join(pool.rename({"_k": "_kb", "street": "_street_b"}), on=["residence_country", "_kb"], how="left")
        .sort("_row")
    )
    local = pl.col("email").str.split("@").list.first()
    dial = pl.col("phone").str.split(" ").list.first()
    phone_a = pl.format("{} {} {} {}", dial, "_pa", "_pb", pl.col("_pc").cast(pl.String).str.zfill(4))
    phone_b = pl.format("{} {} {} {}", dial, "_pa", "_pb", ((pl.col("_pc") + 1) % 10000).cast(pl.String).str.zfill(4))
    n_domains = len(OLD_EMAIL_DOMAINS)
    candidate_a = (
        pl.when(pl.col("field") == "email")
        .then(local + "@" + gather(OLD_EMAIL_DOMAINS, i % n_domains))
        .when(pl.col("field") == "phone")
        .then(phone_a)
        .when(pl.col("field") == "street_address")
        .then(pl.col("_street_a"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    candidate_b = (
        pl.when(pl.col("field") == "email")
        .then(local + "@" + gather(OLD_EMAIL_DOMAINS, (i + 1) % n_domains))
        .when(pl.col("field") == "phone")
        .then(phone_b)
        .when(pl.col("field") == "street_address")
        .then(pl.col("_street_b"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    starts = run_starts(trails, "client_id", "field")  # a (client, field)'s rows are consecutive
    trails = trails.with_columns(
        candidate_a.alias("_a"),
        candidate_b.alias("_b"),
        pl.Series("_j", segment_positions(starts)),
        pl.Series("_n", segment_sizes(starts)),
        pl.lit(None, dtype=pl.String).alias("old_value"),
    )
    # the rows of a (client, field) are consecutive (sorted above): below its last row, the next
    # row's old value is the new value (a plain shift, no window per client and field)
    newer = pl.when(pl.col("_j") == pl.col("_n") - 1).then(pl.col("current")).otherwise(pl.col("old_value").shift(-1))
    for position in range(int(trails.get_column("_n").max() or 0) - 1, -1, -1):  # a loop over edit positions
        trails = trails.with_columns(newer.alias("new_value")).with_columns(
            pl.when(pl.col("_j") != position)
            .then("old_value")
            .when(pl.col("field") == "marital_status")
            .then(pl.col("new_value").replace_strict(PREVIOUS_MARITAL, return_dtype=pl.String))
            .when(pl.col("field") == "risk_profile")
            .then(
                pl.when(pl.col("_i") % 2 == 0)
                .then(pl.col("new_value").replace_strict(down, return_dtype=pl.String))
                .otherwise(pl.col("new_value").replace_strict(up, return_dtype=pl.String))
            )
            .when(pl.col("_a") != pl.col("new_value"))
            .then("_a")
            .otherwise("_b")
            .alias("old_value")
        )
    return trails.with_columns(newer.alias("new_value"))
