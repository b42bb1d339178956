def explode():
    raise ValueError("on purpose")


explode()
