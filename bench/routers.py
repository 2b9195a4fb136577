"""A read-replica router for the scale-out measurement (bench/settings.py, BENCH_READ_REPLICA=1):
reads go to "replica", writes and migrations to "default". Not used by the application."""


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
