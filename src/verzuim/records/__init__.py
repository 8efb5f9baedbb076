"""The shareable good-practice record: a documented JSON format, its schema and its checks.

One organisation's measure, described the way others can read, check and compare it: the
knowledge base's practice fields, the Interventiedatabase's "goed beschreven" fields, the
EU-OSHA good-practice fields, a RE-AIM process evaluation and the effect evaluation of
``verzuim.evaluation``; anonymised and under a licence the organisation picks. See
docs/good-practice-record.md.
"""
