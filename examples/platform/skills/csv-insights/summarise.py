import csv
import sys

with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
print(f"{len(rows)} rows; columns: {', '.join(rows[0].keys()) if rows else '-'}")
for column in rows[0].keys() if rows else []:
    try:
        print(f"{column}: {sum(float(r[column]) for r in rows)}")
    except ValueError:
        pass
