"""Site-wide interface tests: translations and language-prefixed URLs, accessibility (axe-core in
Debian's Chromium), keyboard use, page weight, pages without JavaScript, and the main journeys
in English and Arabic. Browser tests save screenshots to test-artifacts/screenshots/."""
