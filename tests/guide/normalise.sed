# normalise.sed: makes a tool's output the same from run to run and from
# machine to machine, so that an excerpt of it can be compared with GUIDE.md.
# The repository's own absolute path is removed before this script runs
# (excerpt.sh does it: the path is only known at run time).

# Process and thread ids of the operating system.
s/==[0-9]+==/==PID==/g
s/--[0-9]+--/--PID--/g
s/ \(pid=[0-9]+\)//g
s/\(tid=[0-9]+, /(/g
s/(process|pid) [0-9]+/\1 PID/g
s/Thread 0x[0-9a-fA-F]+ \(LWP [0-9]+\) /… /g
s/\(LWP [0-9]+\)/(LWP …)/g

# Build ids and module offsets: they change with every build.
s/ \(BuildId: [0-9a-f]+\)//g
s/ \([^ ()]+\+0x[0-9a-fA-F]+\)//g

# Addresses: stack, heap and code move with every run (ASLR).
s/0x[0-9a-fA-F]{4,}/0x…/g

# Timings and load averages: measured, so never the same twice.
s/[0-9]+(\.[0-9]+)? ?(ms|s|µs|us|ns)\b/N \2/g
s/,? *load (average)?:? *[0-9.]+(, *[0-9.]+)*//g
