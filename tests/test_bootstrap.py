"""The one bootstrap interval: reproducible, degenerate on constant data, clusters of one = units."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.bootstrap import CI_COLUMNS, bootstrap_interval


def test_same_seed_same_interval_and_constant_data_degenerate():
    values = [-1.0, 0.0, 0.5, 1.0, 1.0]
    first = bootstrap_interval(values, rng=np.random.default_rng(7))
    assert first == bootstrap_interval(values, rng=np.random.default_rng(7))
    assert first[0] < np.mean(values) < first[1]
    assert bootstrap_interval([0.3] * 4, rng=np.random.default_rng(0)) == pytest.approx((0.3, 0.3))


def test_clusters_of_one_observation_are_plain_units():
    values = np.array([-1.0, 0.2, 0.4, 1.0, 0.0, 0.9])
    plain = bootstrap_interval(values, rng=np.random.default_rng(3), n_boot=500)
    clustered = bootstrap_interval(values, counts=np.ones(6, dtype=int), rng=np.random.default_rng(3), n_boot=500)
    assert clustered == pytest.approx(plain)


def test_every_interval_table_names_its_columns_alike(seed):
    from analysis.stance import holder_target_matrix, record_fields, stance_table

    matrix = holder_target_matrix(stance_table(record_fields(seed)), n_boot=10)
    assert set(CI_COLUMNS) <= set(matrix.columns) and not {"low", "high"} & set(matrix.columns)
