"""Personal data of the states app (see mailer/personal_data.py)."""

from mailer.personal_data import exempt

_MISSION = "a permanent mission's official address, published by the UN, not a person's"
exempt("states.PermanentMission", _MISSION)
exempt("states.HistoricalPermanentMission", _MISSION)
