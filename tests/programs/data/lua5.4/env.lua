-- Arguments and the environment.
print("args", #arg, table.concat(arg, " "))
print("script", arg[0])
print("GREETING", os.getenv("GREETING"))
print("MISSING", os.getenv("CELLA_NO_SUCH_VARIABLE"))
io.write("no newline at the end")
