"""`field__any_of=values`: `__in` for long lists of values, as one array on PostgreSQL.

`__in` writes one placeholder per value and prepares each value in Python: for the 10,000 ID numbers or
names of an attendee list, about 20 ms of Django's time per query before PostgreSQL sees it. `any_of`
gives psycopg2 the values as one list parameter, `field = ANY(%s)` (psycopg2 writes it as one
ARRAY[...] literal), which PostgreSQL matches against a hash of the array; so a whole list is matched in
one query, not in batches. Other databases get the plain `IN (...)`, as does a queryset given as the
values. Registered on every concrete non-relational field by DirectoryConfig.ready() (a foreign key's
lookups are its own: use `field_id__in` or the related field's `pk__any_of` there).
"""

from django.core.exceptions import EmptyResultSet
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        field = self.lhs.output_field
        values = [
            field.get_db_prep_value(value, connection, prepared=True)
            for value in dict.fromkeys(self.rhs)
            if value is not None
        ]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # psycopg2 sends the list as ARRAY[...], typed by its values (text, integer, date). No cast to the
        # column's type: a cast to varchar(n) would cut a longer value down to n characters and match it.
        return f"{lhs} = ANY(%s)", (*lhs_params, values)
