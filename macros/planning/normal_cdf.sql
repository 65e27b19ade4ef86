{#- The standard normal distribution function Phi(x), in plain arithmetic on every engine:
    Hart's double-precision rational approximation as published by West (2005), "Better
    approximations to cumulative normal functions" (absolute error about 1e-14);
    tests/python/test_goal_proximity.py checks it against scipy. -#}
{% macro normal_cdf(x) -%}
    (case
        when {{ x }} > 0 then 1 - {{ normal_lower_tail('abs(' ~ x ~ ')') }}
        else {{ normal_lower_tail('abs(' ~ x ~ ')') }}
    end)
{%- endmacro %}

{#- Phi(-a) for a >= 0. -#}
{% macro normal_lower_tail(a) -%}
    (case
        when {{ a }} > 37 then 0
        when {{ a }} < 7.07106781186547
            then exp(-{{ a }} * {{ a }} / 2)
            * ((((((0.0352624965998911 * {{ a }} + 0.700383064443688) * {{ a }} + 6.37396220353165)
                * {{ a }} + 33.912866078383) * {{ a }} + 112.079291497871) * {{ a }}
                + 221.213596169931) * {{ a }} + 220.206867912376)
            / (((((((0.0883883476483184 * {{ a }} + 1.75566716318264) * {{ a }} + 16.064177579207)
                * {{ a }} + 86.7807322029461) * {{ a }} + 296.564248779674) * {{ a }}
                + 637.333633378831) * {{ a }} + 793.826512519948) * {{ a }} + 440.413735824752)
        else exp(-{{ a }} * {{ a }} / 2)
            / ({{ a }} + 1 / ({{ a }} + 2 / ({{ a }} + 3 / ({{ a }} + 4 / ({{ a }} + 0.65)))))
            / 2.506628274631
    end)
{%- endmacro %}
