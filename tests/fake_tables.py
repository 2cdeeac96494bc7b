"""Small tables shaped like the course's tip_tiers and detected_victims, for unit tests."""

import pandas as pd

from asean_tip_course import tiers

TIER_ORDER = tiers.DTYPE


def make_tiers(rows):
    """A tip_tiers-shaped table from (iso3, year, tier or None, evidence) tuples."""
    df = pd.DataFrame(rows, columns=["iso3", "report_year", "tier", "evidence"])
    df["tier"] = df["tier"].astype(TIER_ORDER)
    df["source_id"] = "test"
    return df


def make_victims(rows):
    """A detected_victims-shaped table from (iso3, year, form, count, censored, flag) tuples."""
    records = []
    for iso3, year, form, count, censored, flag in rows:
        records.append(
            {
                "iso3": iso3,
                "year": year,
                "indicator": "Detected trafficking victims",
                "form": form,
                "sex": "Total",
                "age": "Total",
                "count": count,
                "censored": censored,
                "value_as_published": "<5" if censored else ("" if count is None else str(count)),
                "flag": flag,
                "source_id": "test",
            }
        )
    df = pd.DataFrame(records)
    df["count"] = df["count"].astype("Int64")
    df["censored"] = df["censored"].astype("boolean")
    return df
