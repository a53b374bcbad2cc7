"""prime_sum.py: the lab's prime summation as a function for `forkomp python` (the lab
handout's isprime and sum_primes, in Python 3):

    forkomp python docs/examples/prime_sum.py:sum_primes \
        --inputs 100000,100100,100200,100300,100400,100500,100600,100700 --name lab
"""
import math


def isprime(n):
    """True when n is prime, by trial division up to ceil(sqrt(n))."""
    if not isinstance(n, int):
        raise TypeError("argument passed to is_prime is not of 'int' type")
    if n < 2:
        return False
    if n == 2:
        return True
    top = int(math.ceil(math.sqrt(n)))
    i = 2
    while i <= top:
        if n % i == 0:
            return False
        i += 1
    return True


def sum_primes(n):
    """The sum of the primes below n."""
    return sum([x for x in range(2, n) if isprime(x)])
