"""The curators' searches in the admin through the same index as the public search: words,
names in any spelling, the vocabulary in every UN language, operators — instead of LIKE scans
over titles and names (0.4-1.2 s at 100,000 cases)."""

from django.contrib import messages
from django.db.models import Q

from ..models import Case
from .query import SearchSyntaxError, apply_search


class IndexedSearchMixin:
    """For a ModelAdmin of cases or of a model with a `case` (set `indexed_search_case` to the
    path to it). The admin's own queryset (already gated by visibility) is filtered to the
    cases the index finds, or the one whose public id was typed. A search the index finds
    nothing for (an unfinished word typed into an autocomplete box) falls back to the
    admin's search_fields."""

    indexed_search_case = ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        prefix = f"{self.indexed_search_case}__" if self.indexed_search_case else ""
        try:
            found = apply_search(Case.objects.using(queryset.db), term).values("pk")
        except SearchSyntaxError as exc:
            self.message_user(request, str(exc), level=messages.WARNING)
            return queryset.none(), False
        matched = queryset.filter(Q(**{f"{prefix}pk__in": found}) | Q(**{f"{prefix}public_id": term}))
        if matched.exists():
            return matched, False
        return super().get_search_results(request, queryset, search_term)
