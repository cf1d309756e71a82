"""The priority list (R21, R35): ranking by cost against benefit, its explanation,
and the dependencies between needs that move the start order."""
