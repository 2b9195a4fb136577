from .events import TimelineEvent
from .subscriptions import Subscription

__all__ = ["Subscription", "TimelineEvent"]
