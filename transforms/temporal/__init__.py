"""Temporal tagger: finds dates, times, durations and sets in news text and normalises them to TIMEX3."""

from .model import Interval, Timex, value_interval
from .tagger import tag

__all__ = ["Interval", "Timex", "tag", "value_interval"]
