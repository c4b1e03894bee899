# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions to the exercises of 08 · Validation
# Keep this notebook apart from the lessons when they are used in an exam.

# %%
import pandas as pd

from analysis import paths
from analysis.course.exercises import check
from analysis.framing import load_codebook
from analysis.validate import intercoder_agreement, load_coding

# %% [markdown]
# **8.1** The coders' agreement on the double-coded frozen sentences.

# %%
first = pd.concat([load_coding(paths.ANNOTATIONS / f"gnad_codes_part{n}.tsv") for n in (1, 2)])
second = load_coding(paths.ANNOTATIONS / "gnad_codes_reliability.tsv")
targets = ["russia", "eu", "ukraine", "kazakhstan", "china", "usa", "nato", "csto"]
table = intercoder_agreement(first, second, frames=load_codebook().ids, targets=targets).set_index("task")
check("8.1", table.loc["stance", "alpha"])

# %% [markdown]
# **8.2** Mentions: micro-F1 0.96 on the frozen sample, while stance accuracy (0.79) is only the
# share of neutral codes and α is at chance.

# %%
check("8.2", "mentions")
