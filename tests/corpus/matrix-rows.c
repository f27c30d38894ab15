// corpus: correct
/* Rows of a matrix product are computed by threads that receive a pointer
 * to their own argument block on the caller's stack.  The caller joins every
 * thread before it returns, so the blocks outlive their readers. */
#include <pthread.h>
#include <stdio.h>

#define N 8
#define NTHREADS 4

struct rows_arg {
	int first, count;
	const double (*a)[N], (*b)[N];
	double (*out)[N];
};

static void *multiply_rows(void *p)
{
	const struct rows_arg *arg = p;
	for (int i = arg->first; i < arg->first + arg->count; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < N; k++)
				s += arg->a[i][k] * arg->b[k][j];
			arg->out[i][j] = s;
		}
	return NULL;
}

static int matmul(const double a[N][N], const double b[N][N], double out[N][N])
{
	pthread_t t[NTHREADS];
	struct rows_arg args[NTHREADS];
	int started = 0, rc = 0;

	for (int i = 0; i < NTHREADS; i++) {
		args[i] = (struct rows_arg){ i * (N / NTHREADS), N / NTHREADS, a, b, out };
		if (pthread_create(&t[i], NULL, multiply_rows, &args[i]) != 0) {
			rc = -1;
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	return rc;
}

int main(void)
{
	double a[N][N], b[N][N], c[N][N];
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = i + j;
			b[i][j] = i == j ? 2.0 : 0.0;
		}
	if (matmul((const double(*)[N])a, (const double(*)[N])b, c) != 0) {
		fputs("matmul: cannot start threads\n", stderr);
		return 1;
	}
	double trace = 0;
	for (int i = 0; i < N; i++)
		trace += c[i][i];
	printf("trace %.1f\n", trace);
	return trace == 112.0 ? 0 : 1;
}
