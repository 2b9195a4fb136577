"""The Atom feed format every feed of the site uses.

Our feeds' summaries are plain text (a timeline note, a case summary, an update's summary):
Django's Atom1Feed declares every summary `type="html"`, so a reader would interpret "<", "&"
or a tag typed in a note as markup. This one declares them `type="text"`, which is what they are.
"""

from django.utils.feedgenerator import Atom1Feed


class PlainTextAtom1Feed(Atom1Feed):
    def add_item_elements(self, handler, item):
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})
