PAGE_SIZE = 50  # rows on each page of a list
