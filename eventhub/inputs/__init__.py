"""Parliamentary inputs: written contributions members send for an event, their review by
IPU staff and their compilation for the United Nations Ad Hoc Committee."""
