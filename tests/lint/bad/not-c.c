#!/usr/bin/env python3
print("this is not C")
