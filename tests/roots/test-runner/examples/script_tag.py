print("<script>alert('x')</script> & <b>bold</b>")
