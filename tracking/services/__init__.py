"""Business rules of the tracking app: timelines, status, follow-up lists, subscriptions and
digests. Views, feeds and commands call these; they never decide anything themselves."""
