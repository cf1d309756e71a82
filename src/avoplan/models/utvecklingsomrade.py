"""Prioriterade utvecklingsområden (R29)."""

from __future__ import annotations

from avoplan.models.common import Model, Slug, Text


class Utvecklingsomrade(Model):
    id: Slug
    område: Text
    ansvar: Text
    tidplan: Text
    bedömning: Text
    uppföljning: Slug | None = None


class Utvecklingsomraden(Model):
    utvecklingsområden: list[Utvecklingsomrade]
