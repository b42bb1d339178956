for i in range(1, 501):
    print(f"line {i}")
