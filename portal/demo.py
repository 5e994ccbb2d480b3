def seed() -> str:
    return "nothing yet"
