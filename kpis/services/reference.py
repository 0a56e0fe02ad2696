"""Reference data loaded from a council paper (the corporate plan's report, the scrutiny tracker):
each row saved only when it differs from what is stored, with the paper as the history's reason,
so loading twice changes nothing; and a tally of what was added and changed, for the command to
print."""

from dataclasses import dataclass, field


@dataclass
class Tally:
    reason: str  # the history's reason for every row written
    kinds: tuple[str, ...]  # what the command reports, in its order
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool):
        tally = self.created if created else self.changed
        tally[kind] = tally.get(kind, 0) + 1

    def update(self, obj, kind: str, /, **values):
        """Set `values` on `obj` and save it, if it is new or anything differs (`kind`: what it counts as)."""
        if obj.pk is not None and all(getattr(obj, name) == value for name, value in values.items()):
            return obj
        created = obj.pk is None
        for name, value in values.items():
            setattr(obj, name, value)
        return self.save(obj, kind, created)

    def save(self, obj, kind: str, created: bool = True):
        obj._change_reason = self.reason
        obj.save()
        self.count(kind, created)
        return obj

    def link(self, obj, relation: str, kind: str, wanted: set[int]):
        """Make `obj`'s many-to-many `relation` exactly `wanted`; untouched (no history) when it is already."""
        related = getattr(obj, relation)
        if set(related.values_list("pk", flat=True)) != wanted:
            obj._change_reason = self.reason
            related.set(wanted)
            self.count(kind, False)

    def lines(self) -> list[str]:
        return [f"{kind}: {self.created.get(kind, 0)} added, {self.changed.get(kind, 0)} changed"
                for kind in self.kinds]
