"""Reports written to disk."""


def write_report(path, rows):
    out = open(path, "w")
    for row in rows:
        out.write(f"{row}\n")
    out.close()
    return len(rows)
