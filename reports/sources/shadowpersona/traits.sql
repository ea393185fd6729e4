select * from marts.dim_traits
