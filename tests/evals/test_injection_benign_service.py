"""evals.injection_benign's service sets (session 20, brief I): the held-apart part is counted, not shown."""

from __future__ import annotations

from evals import injection_benign as ib


def test_the_service_check_part_is_counted_never_shown() -> None:
    assert "service-check" in ib.BENIGN and "service-check" not in ib.SHOWN
    assert "service-fit" in ib.SHOWN
