"""The site's interface machinery: the language menu and its alternate links, social preview
cards, and names Django has no translation for (countries, through Babel's CLDR data)."""
