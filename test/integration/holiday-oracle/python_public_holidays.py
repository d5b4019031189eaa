"""Public holidays from Python's `holidays` package (an implementation independent of date-holidays).

Reads a JSON request on stdin: {"places": ["ES", "ES-MD", ...], "years": [2026, ...]}; writes
{"ES": {"2026-01-01": "New Year's Day", ...}, ...} on stdout. Only the PUBLIC category (the package's default).
"""
import json
import sys

import holidays

request = json.load(sys.stdin)
answer = {}
for place in request["places"]:
    country, _, subdiv = place.partition("-")
    days = holidays.country_holidays(
        country,
        subdiv=subdiv or None,
        years=request["years"],
        categories=(holidays.PUBLIC,),
        language="en_US",
    )
    answer[place] = {day.isoformat(): name for day, name in sorted(days.items())}
json.dump({"version": holidays.__version__, "holidays": answer}, sys.stdout, ensure_ascii=False)
