/* A C file with a syntax error: lint must stop with status 2. */
int main(void)
{
	return 0
}
