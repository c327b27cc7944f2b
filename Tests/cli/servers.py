"""The live test servers' settings, as scripts/servers/start wrote them (KEY='value' lines)."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def servers_env():
    """The env file of the running test servers as a dict (TRIAGE_SERVERS_DIR overrides its place)."""
    path = os.path.join(os.environ.get("TRIAGE_SERVERS_DIR", os.path.join(ROOT, ".build/servers")), "env")
    values = {}
    with open(path) as handle:
        for line in handle:
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                values[key] = value.strip("'")
    return values
