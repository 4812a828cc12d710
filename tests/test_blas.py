"""The library holds BLAS to `blas_threads` per process when fast_matmul is on: multi-threaded
BLAS gains nothing on strife's small matrices and collapses when the cores are busy."""
from __future__ import annotations

import strife


def test_library_call_limits_blas_threads(nlp):
    from threadpoolctl import threadpool_info

    strife.extract("Gunmen killed three people in the town of Kalo on Monday, police said.")
    blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    assert blas and all(p["num_threads"] == 1 for p in blas)
