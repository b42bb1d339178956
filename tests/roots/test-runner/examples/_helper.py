GREETING = "hello from the helper"
