"""Synthetic, realistic input folders (in the input format of pipelines/sources.py) for Hải Phòng-like
agencies, with behaviours planted on purpose — agencies that shift work, officials who excel or stall, a
few bad rows — and a manifest that names them, so tests can check that the analytics find them."""

from .run import generate
from .scales import SCALES

__all__ = ["SCALES", "generate"]
