"""How often each executor fast path ran: ``COUNTS[name]`` grows by one per run.

Tests read these counters to prove that a statement took the fast path they are meant to
cover (``fused_aggregate``, ``fused_direct``, ``topk`` per run; ``column_constant`` per compiled comparison), so that losing a fast path fails a test instead of
silently falling back to the general code.
"""

from collections import Counter

COUNTS: Counter = Counter()
