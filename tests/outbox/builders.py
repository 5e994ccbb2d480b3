"""A content builder that breaks, registered in portal.outbox.content.BUILDERS by a test."""


def build(message):
    raise RuntimeError(f"the builder broke on message {message.id}")
